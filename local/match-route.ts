/** A route key that matched a request, with the values of its `{parameters}`. */
export interface RouteMatch {
  routeKey: string;
  pathParameters: Record<string, string>;
}

/**
 * Picks the route for a request as an HTTP API does: route keys are `METHOD /path` (or `ANY /path`,
 * or `$default`), paths may hold `{name}` segments and end in a greedy `{name+}`. An exact route
 * wins over one with parameters, a method over `ANY`, and `$default` comes last.
 *
 * @example
 * matchRoute(['POST /slack/events', 'GET /runs/{id}'], 'GET', '/runs/7')
 * // { routeKey: 'GET /runs/{id}', pathParameters: { id: '7' } }
 */
export function matchRoute(routeKeys: readonly string[], method: string, path: string): RouteMatch | undefined {
  const candidates: { match: RouteMatch; rank: number }[] = [];
  for (const routeKey of routeKeys) {
    if (routeKey === '$default') {
      candidates.push({ match: { routeKey, pathParameters: {} }, rank: 4 });
      continue;
    }
    const [routeMethod, routePath] = routeKey.split(' ', 2);
    if (routeMethod === undefined || routePath === undefined) continue;
    const methodMatches = routeMethod === 'ANY' || routeMethod.toUpperCase() === method.toUpperCase();
    if (!methodMatches) continue;
    const pathParameters = matchPath(routePath, path);
    if (pathParameters === undefined) continue;
    const hasParameters = routePath.includes('{');
    const rank = (hasParameters ? 2 : 0) + (routeMethod === 'ANY' ? 1 : 0);
    candidates.push({ match: { routeKey, pathParameters }, rank });
  }
  candidates.sort((a, b) => a.rank - b.rank);
  return candidates[0]?.match;
}

function matchPath(routePath: string, path: string): Record<string, string> | undefined {
  const routeSegments = routePath.split('/');
  const segments = path.split('/');
  const parameters: Record<string, string> = {};
  for (let i = 0; i < routeSegments.length; i++) {
    const routeSegment = routeSegments[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(routeSegment);
    if (greedy && i === routeSegments.length - 1) {
      const rest = segments.slice(i).join('/');
      if (rest === '') return undefined;
      parameters[greedy[1]!] = safeDecode(rest);
      return parameters;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const parameter = /^\{(.+)\}$/.exec(routeSegment);
    if (parameter) {
      if (segment === '') return undefined;
      parameters[parameter[1]!] = safeDecode(segment);
    } else if (routeSegment !== segment) {
      return undefined;
    }
  }
  return segments.length === routeSegments.length ? parameters : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
