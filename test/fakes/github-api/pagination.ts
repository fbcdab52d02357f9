/**
 * GitHub's list pagination: `per_page` (default 30, at most 100) and `page`, and a Link header
 * with rel="prev", "next", "last" and "first" in GitHub's order and format. Like GitHub, the
 * links may point at another spelling of the same list (`/repositories/{id}/…`).
 */

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** One page of a list and the Link header that leads on (absent when all fits on one page). */
export interface Page<T> {
  items: T[];
  link?: string;
}

function positiveInt(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** Slices `items` by the request's query; `linkBase` is the absolute URL the links are built on. */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  linkBase: string,
): Page<T> {
  const perPage = Math.min(positiveInt(query.get('per_page'), DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveInt(query.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const start = (page - 1) * perPage;
  const pageItems = items.slice(start, start + perPage);
  if (lastPage === 1 && page === 1) return { items: pageItems };

  const urlOf = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    return `<${linkBase}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${urlOf(page - 1)}; rel="prev"`);
  if (page < lastPage)
    links.push(`${urlOf(page + 1)}; rel="next"`, `${urlOf(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${urlOf(1)}; rel="first"`);
  return { items: pageItems, link: links.join(', ') };
}
