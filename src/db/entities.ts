import { Category } from '../catalog/category.entity.ts';
import { Product } from '../catalog/product.entity.ts';
import { Order, OrderItem } from '../orders/order.entity.ts';
import { Settings } from '../settings/settings.entity.ts';
import { SettingsChange } from '../settings/settings-change.entity.ts';

export const entities = [Settings, SettingsChange, Category, Product, Order, OrderItem];
