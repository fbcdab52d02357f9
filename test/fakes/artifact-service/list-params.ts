/**
 * Query handling the fake's REST list endpoints share with GitHub: the `created` date filter of
 * the workflow-runs list (search syntax: `<=T`, `<T`, `>=T`, `>T`, `A..B`, or a bare date) and
 * `per_page`/`page` pagination with a Link header, which octokit.paginate follows.
 */

/** True when ISO time `createdAt` satisfies the `created` filter `filter`. */
export function matchesCreatedFilter(createdAt: string, filter: string | null): boolean {
  if (filter === null || filter === '') return true;
  const at = Date.parse(createdAt);
  const range = filter.split('..');
  if (range.length === 2) {
    return at >= Date.parse(range[0] ?? '') && at <= Date.parse(range[1] ?? '');
  }
  const match = /^(<=|>=|<|>)?(.+)$/.exec(filter);
  const bound = Date.parse(match?.[2] ?? '');
  if (Number.isNaN(bound)) return false;
  switch (match?.[1]) {
    case '<=':
      return at <= bound;
    case '<':
      return at < bound;
    case '>=':
      return at >= bound;
    case '>':
      return at > bound;
    default:
      // A bare date means that whole day.
      return createdAt.startsWith(match?.[2] ?? '');
  }
}

/** One page of `items` and the Link header pointing at the next and last pages. */
export function paginate<T>(items: readonly T[], url: URL): { page: T[]; link?: string } {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
  const pageNumber = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  if (pageNumber >= lastPage) return { page };
  const pageUrl = (n: number) => {
    const next = new URL(url);
    next.searchParams.set('page', String(n));
    return next.href;
  };
  return {
    page,
    link: `<${pageUrl(pageNumber + 1)}>; rel="next", <${pageUrl(lastPage)}>; rel="last"`,
  };
}
