/** Hand a file to the browser's download machinery. */
export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Download a topology as pretty JSON, named after the cluster. */
export function saveTopology(topology: { name?: string }): void {
  const base = (topology.name || 'topology').replace(/[^A-Za-z0-9_.-]+/g, '-');
  saveFile(
    `${base}.topology.json`,
    new Blob([`${JSON.stringify(topology, null, 2)}\n`], { type: 'application/json' }),
  );
}
