/** A TCP port nothing listens on right now (one implementation, in libs/testing, shared with the benches). */
export { freePort } from '@crm/testing';
