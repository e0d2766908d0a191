/**
 * The whole schema: importing each feature module registers its part on the shared builder. Importing this
 * file has no side effects beyond building the schema, so tooling (codegen) can load it.
 */
import './scalars.ts';
import './error-types.ts';
import '../settings/settings.schema.ts';
import '../catalog/catalog.schema.ts';
import '../orders/schema/order.schema.ts';
import '../payments/payment.schema.ts';
import '../orders/schema/order-lifecycle.schema.ts';
import '../orders/schema/order-list.schema.ts';
import '../orders/schema/repricing-audit.schema.ts';
import '../discounts/discount.schema.ts';
import { builder } from './builder.ts';

export const schema = builder.toSchema({ sortSchema: true });
