import { type FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Limits, maxDescriptionLength } from '../config.ts';
import type { Database } from '../db/database.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { minorUnitsOf } from '../money/currency.ts';
import type { PriceChange } from '../price-changes/price-change.entity.ts';
import type { PricingChanges } from '../price-changes/pricing-changes.ts';
import { readPricingTerms } from '../settings/pricing-terms.ts';
import { validName, validPrice, validStock } from './catalog-rules.ts';
import { Category } from './category.entity.ts';
import { Product } from './product.entity.ts';

export interface CreateProductInput {
  categoryId: string;
  name: string;
  description?: string | null;
  price: string;
  available?: boolean | null;
  trackStock?: boolean | null;
  stock?: number | null;
}

export interface UpdateProductInput {
  id: string;
  name?: string | null;
  price?: string | null;
  available?: boolean | null;
  trackStock?: boolean | null;
  stock?: number | null;
}

export interface ProductFilter {
  categoryId?: string | null;
  search?: string | null;
  availableOnly?: boolean | null;
}

/** A product's place in the catalogue's order: by name, then id (names may repeat across categories). */
export interface ProductPosition {
  name: string;
  id: string;
}

/** A window of the catalogue in name order (see `graphql/connections.ts`). */
export interface ProductWindow {
  /** Products strictly after this position. */
  after?: ProductPosition;
  /** Products strictly before this position. */
  before?: ProductPosition;
  limit: number;
  /** Read backwards from `before` (paging with `last`). */
  inverted: boolean;
}

function beyond(position: ProductPosition, direction: '$gt' | '$lt'): FilterQuery<Product> {
  return {
    $or: [
      { name: { [direction]: position.name } },
      { name: position.name, id: { [direction]: position.id } },
    ],
  };
}

function validDescription(value: string | null | undefined, limits: Limits): string | null {
  if (value == null) return null;
  if (value.length > maxDescriptionLength(limits)) {
    throw new InputError(
      'description',
      `description must be at most ${maxDescriptionLength(limits)} characters`,
    );
  }
  return value;
}

export class CatalogService {
  readonly #db: Database;
  readonly #limits: Limits;
  readonly #pricing: PricingChanges | undefined;

  /** Without `pricing` (tools that only read or seed), a price change of an existing product is refused. */
  constructor(db: Database, limits: Limits, pricing?: PricingChanges) {
    this.#db = db;
    this.#limits = limits;
    this.#pricing = pricing;
  }

  categories(): Promise<Category[]> {
    return this.#db.read((em) => em.find(Category, {}, { orderBy: { position: 'asc', name: 'asc' } }));
  }

  product(id: string): Promise<Product | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.#db.read((em) => em.findOne(Product, id, { populate: ['category'] }));
  }

  /**
   * One window of the products `filter` selects, in name order (reverse order when `window.inverted`).
   * @throws InputError naming `search` when it is longer than MAX_STRING_LENGTH.
   */
  products(filter: ProductFilter, window: ProductWindow): Promise<Product[]> {
    const search = filter.search?.trim();
    if (search && search.length > this.#limits.maxStringLength) {
      throw new InputError('search', `search must be at most ${this.#limits.maxStringLength} characters`);
    }
    const and: FilterQuery<Product>[] = [];
    if (filter.categoryId)
      and.push({ category: isUuid(filter.categoryId) ? filter.categoryId : { $in: [] } });
    if (search) and.push({ name: { $ilike: `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    if (filter.availableOnly) and.push({ available: true });
    if (window.after) and.push(beyond(window.after, '$gt'));
    if (window.before) and.push(beyond(window.before, '$lt'));
    const direction = window.inverted ? 'desc' : 'asc';
    return this.#db.read((em) =>
      em.find(Product, and.length ? { $and: and } : {}, {
        orderBy: { name: direction, id: direction },
        limit: window.limit,
        populate: ['category'],
      }),
    );
  }

  async createCategory(input: { name: string; position?: number | null }): Promise<Category> {
    const name = validName('name', input.name, this.#limits);
    try {
      return await this.#db.transaction(async (em) => {
        const category = em.create(Category, { name, position: input.position ?? 0 });
        await em.flush();
        return category;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new InputError('name', `a category named "${name}" already exists`);
      }
      throw error;
    }
  }

  async createProduct(input: CreateProductInput): Promise<Product> {
    const name = validName('name', input.name, this.#limits);
    const description = validDescription(input.description, this.#limits);
    const trackStock = input.trackStock ?? input.stock != null;
    const stock = trackStock ? validStock('stock', input.stock ?? 0) : null;
    return this.#db.transaction(async (em) => {
      const settings = await readPricingTerms(em);
      const price = validPrice('price', input.price, settings.currency, minorUnitsOf(settings.currency));
      const category = isUuid(input.categoryId) ? await em.findOne(Category, input.categoryId) : null;
      if (!category) throw new NotFoundError('Category', input.categoryId);
      const product = em.create(Product, {
        category,
        name,
        description,
        price,
        available: input.available ?? true,
        trackStock,
        stock,
      });
      await em.flush();
      return product;
    });
  }

  /**
   * A price change commits at once with its record of the change; the in-progress orders holding the
   * product are then re-priced in short batches (see OrderRepricer). Resolves once they all are.
   */
  async updateProduct(input: UpdateProductInput, actor: string): Promise<Product> {
    const name = input.name != null ? validName('name', input.name, this.#limits) : undefined;
    const stock = input.stock != null ? validStock('stock', input.stock) : undefined;
    const priceChange = await this.#db.transaction(async (em): Promise<PriceChange | undefined> => {
      const settings = await readPricingTerms(em);
      if (!isUuid(input.id)) throw new NotFoundError('Product', input.id);
      const product = await em.findOne(Product, input.id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      });
      if (!product) throw new NotFoundError('Product', input.id);
      const price =
        input.price != null
          ? validPrice('price', input.price, settings.currency, minorUnitsOf(settings.currency))
          : undefined;
      if (name !== undefined) product.name = name;
      if (input.available != null) product.available = input.available;
      if (input.trackStock != null) product.trackStock = input.trackStock;
      if (stock !== undefined) product.stock = stock;
      if (product.trackStock && product.stock == null) product.stock = 0;
      if (!product.trackStock) product.stock = null;
      const oldPrice = product.price;
      const priceChanged = price !== undefined && price !== oldPrice;
      if (price !== undefined) product.price = price;
      await em.flush();
      if (!priceChanged) return undefined;
      if (!this.#pricing) throw new Error('this CatalogService was built without re-pricing');
      const change = this.#pricing.recordProductPriceChange(em, {
        actor,
        product,
        oldPrice,
        newPrice: product.price,
        currency: settings.currency,
      });
      await em.flush();
      return change;
    });
    if (priceChange && this.#pricing) await this.#pricing.repriceAfter(priceChange);
    return this.#db.read((em) => em.findOneOrFail(Product, input.id, { populate: ['category'] }));
  }
}
