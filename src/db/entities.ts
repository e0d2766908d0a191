import { Category } from '../catalog/category.entity.ts';
import { Product } from '../catalog/product.entity.ts';
import { Discount } from '../discounts/discount.entity.ts';
import {
  InvoiceCounter,
  Order,
  OrderItem,
  OrderRepricing,
  OrderStatusChange,
  Payment,
} from '../orders/index.ts';
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
