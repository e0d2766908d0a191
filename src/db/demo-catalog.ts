import type { EntityManager } from '@mikro-orm/core';
import { Category } from '../catalog/category.entity.ts';
import { Product } from '../catalog/product.entity.ts';

const DEMO: Record<string, [name: string, price: string, stock?: number][]> = {
  Drinks: [
    ['Cola', '3.50'],
    ['Sparkling water', '2.80'],
    ['Flat white', '3.90'],
  ],
  Snacks: [
    ['Salted popcorn (large)', '6.50', 120],
    ['Nachos with cheese', '7.20', 60],
    ['Chocolate bar', '2.40'],
  ],
  Kitchen: [
    ['Margherita pizza', '11.00'],
    ['Veggie burger', '12.50'],
    ['Fries', '4.20'],
  ],
};

/** Seeds a small catalogue so a fresh embedded install can be tried at once; does nothing if one exists. */
export async function seedDemoCatalog(em: EntityManager): Promise<boolean> {
  if ((await em.count(Category)) > 0) return false;
  let position = 0;
  for (const [categoryName, products] of Object.entries(DEMO)) {
    const category = em.create(Category, { name: categoryName, position: position++ });
    for (const [name, price, stock] of products) {
      em.create(Product, {
        category,
        name,
        price,
        available: true,
        trackStock: stock !== undefined,
        stock: stock ?? null,
      } as never);
    }
  }
  await em.flush();
  return true;
}
