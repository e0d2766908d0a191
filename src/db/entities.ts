import { Category } from '../catalog/category.entity.ts';
import { Product } from '../catalog/product.entity.ts';
import { Discount } from '../discounts/discount.entity.ts';
import { InvoiceCounter } from '../orders/persistence/invoice-counter.entity.ts';
import { Order, OrderItem, OrderStatusChange } from '../orders/persistence/order.entity.ts';
import { Payment } from '../orders/persistence/payment.entity.ts';
import { OrderRepricing } from '../orders/repricing/order-repricing.entity.ts';
import { OutboxEvent } from '../outbox/outbox-event.entity.ts';
import { PriceChange } from '../price-changes/price-change.entity.ts';
import { Settings } from '../settings/settings.entity.ts';
import { SettingsChange } from '../settings/settings-change.entity.ts';

export const entities = [
  Settings,
  SettingsChange,
  Category,
  Product,
  Order,
  OrderItem,
  OrderStatusChange,
  Payment,
  Discount,
  InvoiceCounter,
  PriceChange,
  OrderRepricing,
  OutboxEvent,
];
