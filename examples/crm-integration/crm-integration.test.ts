import { describe, expect, it } from 'vitest';
import { orderNumberIn } from './crm-integration';

describe('orderNumberIn', () => {
  it('finds the order an operator names', () => {
    expect(orderNumberIn('Order #1042 left our warehouse today.')).toBe('1042');
    expect(orderNumberIn('your order 1042 is ready')).toBe('1042');
    expect(orderNumberIn('Order no. 77001 was refunded')).toBe('77001');
    expect(orderNumberIn('order number 1042')).toBe('1042');
    expect(orderNumberIn('Done, see #1042.')).toBe('1042');
  });

  it('finds none in other numbers or words', () => {
    expect(orderNumberIn('Call us at 8 800 555 35 35')).toBeNull();
    expect(orderNumberIn('I will reorder 1042 for you')).toBeNull();
    expect(orderNumberIn('Your order will come soon')).toBeNull();
    expect(orderNumberIn('Item #12')).toBeNull();
    expect(orderNumberIn('')).toBeNull();
  });
});
