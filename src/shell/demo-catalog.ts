/** The demo shop's fixed product catalogue: small, deterministic, realistic enough to look at. */

/** One product as the demo API returns it. */
export interface DemoProduct {
  id: number;
  name: string;
  priceCents: number;
  inStock: boolean;
}

const PRODUCT_NAMES = [
  'Espresso beans 1 kg',
  'Pour-over kettle',
  'Ceramic dripper',
  'Paper filters (100)',
  'Hand grinder',
  'Burr grinder',
  'Milk frother',
  'Glass carafe',
  'Travel mug',
  'Digital scale',
  'Cold brew jar',
  'Moka pot',
  'French press',
  'Tamper',
  'Knock box',
  'Descaler',
  'Decaf beans 500 g',
  'Cupping spoon',
  'Barista apron',
  'Latte art pitcher',
] as const;

/** The catalogue, ids 1..20. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = PRODUCT_NAMES.map((name, index) => ({
  id: index + 1,
  name,
  // Deterministic but varied prices, so responses are not all the same shape of numbers.
  priceCents: 499 + ((index * 7919) % 9000),
  inStock: index % 5 !== 3,
}));

/**
 * Finds a product for any positive integer id. Ids beyond the catalogue wrap around, so a load
 * profile can use arbitrary numeric ids and still get 200s, as the endpoint's contract promises.
 */
export function findDemoProduct(id: number): DemoProduct {
  const base = DEMO_PRODUCTS[(id - 1) % DEMO_PRODUCTS.length] ?? DEMO_PRODUCTS[0];
  if (base === undefined) throw new Error('demo catalogue is empty');
  return { ...base, id };
}

/** Returns the products whose names contain `query` (case-insensitive), at most `limit`. */
export function searchDemoProducts(query: string, limit: number): DemoProduct[] {
  const needle = query.trim().toLowerCase();
  return DEMO_PRODUCTS.filter((product) => product.name.toLowerCase().includes(needle)).slice(
    0,
    limit,
  );
}
