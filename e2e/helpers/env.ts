/** Where the panel under test listens (ports 3200-3299 are the UI's; 3100-3199 belong to the API tests). */
export const PORT = Number(process.env.PGCASCADE_E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/** Node ports per spec, so a leftover of one spec never collides with another (56000-56999 are the UI's). */
export const NODE_PORTS = {
  journey: [56101, 56102, 56103, 56104],
  validation: [56111, 56112, 56113, 56114],
  failure: [56121, 56122, 56123, 56124],
} as const;
