import { matchRoute } from '../../../local/match-route';

describe('matchRoute', () => {
  const routes = ['POST /slack/events', 'GET /runs/{id}', 'GET /runs/latest', 'ANY /files/{path+}', '$default'];

  it('matches an exact route by method and path', () => {
    expect(matchRoute(['POST /slack/events'], 'POST', '/slack/events')).toEqual({
      routeKey: 'POST /slack/events',
      pathParameters: {},
    });
  });

  it('prefers an exact path to one with parameters', () => {
    expect(matchRoute(routes, 'GET', '/runs/latest')?.routeKey).toBe('GET /runs/latest');
    expect(matchRoute(routes, 'GET', '/runs/r1')).toEqual({ routeKey: 'GET /runs/{id}', pathParameters: { id: 'r1' } });
  });

  it('matches a greedy parameter across segments for any method', () => {
    expect(matchRoute(routes, 'DELETE', '/files/a/b/c.txt')).toEqual({
      routeKey: 'ANY /files/{path+}',
      pathParameters: { path: 'a/b/c.txt' },
    });
  });

  it('falls back to $default when nothing else matches', () => {
    expect(matchRoute(routes, 'GET', '/nowhere')?.routeKey).toBe('$default');
  });

  it('finds nothing for another method, a longer path or an empty parameter', () => {
    const keys = ['POST /slack/events', 'GET /runs/{id}'];
    expect(matchRoute(keys, 'GET', '/slack/events')).toBeUndefined();
    expect(matchRoute(keys, 'POST', '/slack/events/extra')).toBeUndefined();
    expect(matchRoute(keys, 'GET', '/runs/')).toBeUndefined();
  });
});
