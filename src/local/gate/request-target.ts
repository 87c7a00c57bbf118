// The request line's target split into path and query without `new URL(target, base)`, which
// reads a path starting with "//" as a host ("//x/y" -> host x) and throws on some inputs.
export interface RequestTarget {
  /** Path exactly as received (percent-encoded), always starting with "/". */
  pathname: string;
  /** "?a=1" or "" (as URL.search gives it). */
  search: string;
  searchParams: URLSearchParams;
}

export function parseRequestTarget(rawTarget: string | undefined): RequestTarget {
  let target = rawTarget ?? '/';
  // Absolute form (http://host/path), as a proxy sends it: keep only the path and query.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length);
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf('?');
  const path = question < 0 ? target : target.slice(0, question);
  const query = question < 0 ? '' : target.slice(question + 1);
  return {
    pathname: path.startsWith('/') ? path : `/${path}`,
    search: query ? `?${query}` : '',
    searchParams: new URLSearchParams(query),
  };
}
