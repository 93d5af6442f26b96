import { balanceGet } from "./balance-get.js";
import { customerCreate } from "./customer-create.js";
import { customerGet } from "./customer-get.js";
import { customerList } from "./customer-list.js";
import { customerUpdate } from "./customer-update.js";
import { eventList } from "./event-list.js";
import { invoiceGet } from "./invoice-get.js";
import { invoiceList } from "./invoice-list.js";
import { paymentCancel } from "./payment-cancel.js";
import { paymentCapture } from "./payment-capture.js";
import { paymentCreate } from "./payment-create.js";
import { paymentGet } from "./payment-get.js";
import { paymentLinkCreate } from "./payment-link-create.js";
import { paymentList } from "./payment-list.js";
import { priceCreate } from "./price-create.js";
import { priceList } from "./price-list.js";
import { productCreate } from "./product-create.js";
import { productList } from "./product-list.js";
import { refundCreate } from "./refund-create.js";
import { refundList } from "./refund-list.js";
import { subscriptionCancel } from "./subscription-cancel.js";
import { subscriptionCreate } from "./subscription-create.js";
import { subscriptionGet } from "./subscription-get.js";
import { subscriptionList } from "./subscription-list.js";
import { subscriptionUpdate } from "./subscription-update.js";
import { webhookEndpointCreate } from "./webhook-endpoint-create.js";
import { webhookEndpointDelete } from "./webhook-endpoint-delete.js";
import { webhookEndpointList } from "./webhook-endpoint-list.js";

/** Every tool of the platform, one per file. */
export const tools = [
  customerCreate,
  customerGet,
  customerList,
  customerUpdate,
  paymentCreate,
  paymentGet,
  paymentList,
  paymentCapture,
  paymentCancel,
  refundCreate,
  refundList,
  productCreate,
  productList,
  priceCreate,
  priceList,
  subscriptionCreate,
  subscriptionGet,
  subscriptionList,
  subscriptionUpdate,
  subscriptionCancel,
  invoiceList,
  invoiceGet,
  paymentLinkCreate,
  webhookEndpointCreate,
  webhookEndpointList,
  webhookEndpointDelete,
  balanceGet,
  eventList,
];
