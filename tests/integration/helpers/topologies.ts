/** A one-node local cluster: the smallest thing the panel can apply (a few seconds). */
export const singleNode = (port: number, name = 'single') => ({
  name,
  provider: 'local',
  postgresVersion: 15,
  database: 'app',
  tables: [{ name: 't', columns: [{ name: 'id', type: 'serial', primaryKey: true }, { name: 'data', type: 'text' }] }],
  nodes: [{ name: 'solo', port }],
});
