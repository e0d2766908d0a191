import { ORDER_ACTIONS, type OrderAction } from '../../src/orders/domain/order-lifecycle.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../src/orders/domain/order-status.ts';
import { newOrder } from './fixtures.ts';
import { must } from './graphql.ts';
import {
  CancelOrder,
  CompleteOrder,
  InvoiceOrder,
  LifecycleOrder,
  MarkReady,
  RecordPayment,
  StartPreparing,
  ValidateOrder,
} from './lifecycle-operations.ts';
import { AddItem } from './operations.ts';

// The lists come from the domain: walking every status and action is how these tests reach the API, not
// what they check. The expected moves stay written out in each test (lifecycle-transitions: NEXT).
export const STATUSES = ORDER_STATUSES;
export type Status = OrderStatus;

export const ACTIONS = ORDER_ACTIONS;
export type Action = OrderAction;

export interface Till {
  url: string;
  staffToken: string;
  productId: string;
}

/** Sends `action` for the order as staff; returns the result's typename and, for errors, the allowed statuses. */
export async function perform(
  till: Till,
  orderId: string,
  action: Action,
): Promise<{ typename: string; status?: string; allowed?: readonly string[] }> {
  const { url, staffToken } = till;
  const vars = { orderId };
  const pick = (result: { __typename: string; status?: string; allowed?: readonly string[] }) => ({
    typename: result.__typename,
    status: result.status,
    allowed: result.allowed,
  });
  switch (action) {
    case 'validate':
      return pick((await must(url, ValidateOrder, vars, staffToken)).validateOrder);
    case 'startPreparing':
      return pick((await must(url, StartPreparing, vars, staffToken)).startPreparing);
    case 'markReady':
      return pick((await must(url, MarkReady, vars, staffToken)).markReady);
    case 'complete':
      return pick((await must(url, CompleteOrder, vars, staffToken)).completeOrder);
    case 'invoice':
      return pick((await must(url, InvoiceOrder, vars, staffToken)).invoiceOrder);
    case 'cancel':
      return pick(
        (await must(url, CancelOrder, { orderId, reason: 'customer left' }, staffToken)).cancelOrder,
      );
    case 'pay': {
      const order = await lifecycleOrder(till, orderId);
      const { recordPayment } = await must(
        url,
        RecordPayment,
        {
          input: {
            orderId,
            amount: order.balanceDue === '0.00' ? '1.00' : order.balanceDue,
            method: 'CARD',
            idempotencyKey: `pay-${orderId}-${order.version}`,
          },
        },
        staffToken,
      );
      if (recordPayment.__typename === 'RecordPaymentPayload')
        return { typename: 'Order', status: recordPayment.order.status };
      return pick(recordPayment);
    }
  }
}

export async function lifecycleOrder(till: Till, orderId: string) {
  const { order } = await must(till.url, LifecycleOrder, { id: orderId }, till.staffToken);
  if (!order) throw new Error(`order ${orderId} not found`);
  return order;
}

/** The actions that walk a new order to each status. */
const PATH: Record<Status, readonly Action[]> = {
  DRAFT: [],
  VALIDATED: ['validate'],
  PAID: ['validate', 'pay'],
  PREPARING: ['validate', 'pay', 'startPreparing'],
  READY: ['validate', 'pay', 'startPreparing', 'markReady'],
  DONE: ['validate', 'pay', 'startPreparing', 'markReady', 'complete'],
  INVOICED: ['validate', 'pay', 'startPreparing', 'markReady', 'complete', 'invoice'],
  CANCELLED: ['cancel'],
};

/** A new order with one item of the till's product, driven through the real API to `status`. */
export async function orderIn(till: Till, status: Status, quantity = 1): Promise<string> {
  const { order, customerToken } = await newOrder(till.url);
  await must(
    till.url,
    AddItem,
    { input: { orderId: order.id, productId: till.productId, quantity } },
    customerToken,
  );
  for (const action of PATH[status]) {
    const result = await perform(till, order.id, action);
    if (result.typename !== 'Order')
      throw new Error(`${action} failed on the way to ${status}: ${JSON.stringify(result)}`);
  }
  return order.id;
}
