'use client';
import { useMemo, type Dispatch } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, FieldError, fieldIds } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { Checkbox, Input, Select } from '@/components/ui/input';
import { TopologyGraph } from '@/components/topology-graph/topology-graph';
import { RowShell } from './row-shell';
import { draftToTopology, fieldId, type Draft, type WizardAction } from './wizard.utils';
import type { GraphTopology } from '@/components/topology-graph/topology-graph.utils';

type Errors = Record<string, string[]>;
interface StepProps {
  draft: Draft;
  errors: Errors;
  dispatch: Dispatch<WizardAction>;
}

export function NodeSelect({
  draft,
  value,
  onChange,
  placeholder = 'Choose a node',
  ...p
}: {
  draft: Draft;
  value: string;
  onChange: (key: string) => void;
  placeholder?: string;
  id: string;
}) {
  return (
    <Select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{placeholder}</option>
      {draft.nodes.map((n) => (
        <option key={n.key} value={n.key}>
          {n.name || '(unnamed)'}
        </option>
      ))}
    </Select>
  );
}

/** A group of checkboxes (tables of a publication, publications of a subscription) with one error line. */
function CheckGroup({
  id,
  legend,
  srPrefix,
  options,
  selected,
  errors,
  empty,
  className,
  onToggle,
}: {
  className?: string;
  id: string;
  legend: string;
  srPrefix: string;
  options: Array<{ key: string; label: string }>;
  selected: string[];
  errors?: string[];
  empty: string;
  onToggle: (key: string, on: boolean) => void;
}) {
  const errorId = fieldIds(id).error;
  return (
    <fieldset
      id={id}
      aria-invalid={errors?.length ? true : undefined}
      aria-describedby={errors?.length ? errorId : undefined}
      className={cn('min-w-0', className)}
    >
      <legend className="mb-1 block text-xs font-medium text-slate-700">
        <span className="sr-only">{srPrefix} </span>
        {legend}
      </legend>
      <div className="flex min-h-9 flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-slate-200 px-2.5 py-1.5">
        {options.length === 0 && <span className="text-xs text-slate-500">{empty}</span>}
        {options.map((o) => (
          <label key={o.key} className="inline-flex items-center gap-1.5 text-sm">
            <Checkbox
              checked={selected.includes(o.key)}
              onChange={(e) => onToggle(o.key, e.target.checked)}
            />
            <span className="sr-only">{srPrefix} </span>
            <span className="font-mono text-[13px]">{o.label || '(unnamed)'}</span>
          </label>
        ))}
      </div>
      {errors && errors.length > 0 && <FieldError id={errorId} messages={errors} />}
    </fieldset>
  );
}

const toggle = (list: string[], key: string, on: boolean) =>
  on ? [...list.filter((k) => k !== key), key] : list.filter((k) => k !== key);

function TablesCard({ draft, errors, dispatch }: StepProps) {
  return (
    <Card>
      <CardHeader
        title="Database and tables"
        description="Created on every primary before replication starts; standbys get them by streaming."
        actions={
          <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'tables' })}>
            + Add table
          </Button>
        }
      />
      <CardBody className="space-y-4">
        <Field id={fieldId('database')} label="Database name" errors={errors.database} className="max-w-sm">
          {(p) => (
            <Input
              {...p}
              value={draft.database}
              autoComplete="off"
              onChange={(e) => dispatch({ type: 'set', patch: { database: e.target.value } })}
            />
          )}
        </Field>
        {errors.tables && <FieldError messages={errors.tables} />}
        <ol className="space-y-2">
          {draft.tables.map((table, t) => (
            <RowShell
              key={table.key}
              label="Table"
              index={t}
              errorId={fieldId(`tables.${t}`)}
              errors={[...(errors[`tables.${t}`] ?? []), ...(errors[`tables.${t}.columns`] ?? [])]}
              onRemove={() => dispatch({ type: 'remove', section: 'tables', index: t })}
            >
              <Field
                id={fieldId(`tables.${t}.name`)}
                srPrefix={`Table ${t + 1}`}
                label="Table name"
                errors={errors[`tables.${t}.name`]}
                className="max-w-xs"
              >
                {(p) => (
                  <Input
                    {...p}
                    value={table.name}
                    autoComplete="off"
                    onChange={(e) =>
                      dispatch({
                        type: 'update',
                        section: 'tables',
                        index: t,
                        patch: { name: e.target.value },
                      })
                    }
                  />
                )}
              </Field>
              <label className="mt-2 flex items-center gap-1.5 text-xs text-slate-700">
                <Checkbox
                  checked={table.guardCopies}
                  onChange={(e) =>
                    dispatch({ type: 'update', section: 'tables', index: t, patch: { guardCopies: e.target.checked } })
                  }
                />
                <span className="sr-only">Table {t + 1}: </span>
                <span>Refuse local writes on subscribers&apos; copies (replication still applies)</span>
              </label>
              <div className="mt-3 space-y-2 border-l-2 border-slate-100 pl-3">
                {table.columns.map((column, c) => {
                  const prefix = `Table ${t + 1} column ${c + 1}`;
                  return (
                    <div
                      key={column.key}
                      className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto_auto]"
                    >
                      <Field
                        id={fieldId(`tables.${t}.columns.${c}.name`)}
                        srPrefix={prefix}
                        label="Column"
                        errors={errors[`tables.${t}.columns.${c}.name`]}
                      >
                        {(p) => (
                          <Input
                            {...p}
                            value={column.name}
                            autoComplete="off"
                            onChange={(e) =>
                              dispatch({
                                type: 'update-column',
                                table: t,
                                index: c,
                                patch: { name: e.target.value },
                              })
                            }
                          />
                        )}
                      </Field>
                      <Field
                        id={fieldId(`tables.${t}.columns.${c}.type`)}
                        srPrefix={prefix}
                        label="Type"
                        errors={errors[`tables.${t}.columns.${c}.type`]}
                      >
                        {(p) => (
                          <Input
                            {...p}
                            value={column.type}
                            autoComplete="off"
                            className="font-mono"
                            onChange={(e) =>
                              dispatch({
                                type: 'update-column',
                                table: t,
                                index: c,
                                patch: { type: e.target.value },
                              })
                            }
                          />
                        )}
                      </Field>
                      <div className="col-span-2 flex items-center justify-between sm:contents">
                        <label className="flex h-9 items-center gap-1.5 text-xs text-slate-700">
                          <Checkbox
                            checked={column.primaryKey}
                            onChange={(e) =>
                              dispatch({
                                type: 'update-column',
                                table: t,
                                index: c,
                                patch: { primaryKey: e.target.checked },
                              })
                            }
                          />
                          <span className="sr-only">{prefix} </span>
                          <span>key</span>
                        </label>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="mb-0.5 text-slate-500 hover:text-red-700"
                          onClick={() => dispatch({ type: 'remove-column', table: t, index: c })}
                          aria-label={`Remove table ${t + 1} column ${c + 1}`}
                        >
                          <span aria-hidden>✕</span>
                        </Button>
                      </div>
                    </div>
                  );
                })}
                <Button
                  size="sm"
                  variant="ghost"
                  className="text-blue-700"
                  onClick={() => dispatch({ type: 'add-column', table: t })}
                >
                  + Add column<span className="sr-only"> to table {t + 1}</span>
                </Button>
              </div>
            </RowShell>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}

function PublicationsCard({ draft, errors, dispatch }: StepProps) {
  return (
    <Card>
      <CardHeader
        title="Publications"
        description="Who publishes what: a node offers some of its tables to subscribers."
        actions={
          <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'publications' })}>
            + Add publication
          </Button>
        }
      />
      <CardBody>
        {errors.publications && <FieldError messages={errors.publications} />}
        {draft.publications.length === 0 && (
          <p className="text-sm text-slate-500">No publications: nothing is replicated logically.</p>
        )}
        <ol className="space-y-2">
          {draft.publications.map((pub, i) => {
            const prefix = `Publication ${i + 1}`;
            const path = `publications.${i}`;
            return (
              <RowShell
                key={pub.key}
                label="Publication"
                index={i}
                errorId={fieldId(path)}
                errors={errors[path]}
                onRemove={() => dispatch({ type: 'remove', section: 'publications', index: i })}
              >
                <div className="grid gap-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
                  <Field
                    id={fieldId(`${path}.node`)}
                    srPrefix={prefix}
                    label="Publisher node"
                    errors={errors[`${path}.node`]}
                  >
                    {(p) => (
                      <NodeSelect
                        {...p}
                        draft={draft}
                        value={pub.node}
                        onChange={(node) =>
                          dispatch({ type: 'update', section: 'publications', index: i, patch: { node } })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={fieldId(`${path}.name`)}
                    srPrefix={prefix}
                    label="Publication name"
                    errors={errors[`${path}.name`]}
                  >
                    {(p) => (
                      <Input
                        {...p}
                        value={pub.name}
                        autoComplete="off"
                        className="font-mono"
                        onChange={(e) =>
                          dispatch({
                            type: 'update',
                            section: 'publications',
                            index: i,
                            patch: { name: e.target.value },
                          })
                        }
                      />
                    )}
                  </Field>
                </div>
                <CheckGroup
                  className="mt-3"
                  id={fieldId(`${path}.tables`)}
                  legend="Tables"
                  srPrefix={`${prefix} table`}
                  options={draft.tables.map((t) => ({ key: t.key, label: t.name }))}
                  selected={pub.tables}
                  errors={errors[`${path}.tables`]}
                  empty="Add a table first."
                  onToggle={(key, on) =>
                    dispatch({
                      type: 'update',
                      section: 'publications',
                      index: i,
                      patch: { tables: toggle(pub.tables, key, on) },
                    })
                  }
                />
              </RowShell>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}

function SubscriptionsCard({ draft, errors, dispatch }: StepProps) {
  return (
    <Card>
      <CardHeader
        title="Subscriptions"
        description="Who subscribes to whom: a node receives a publisher's publications. Origin none (PostgreSQL 16+) only takes changes made on the publisher itself, which breaks insert loops."
        actions={
          <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'subscriptions' })}>
            + Add subscription
          </Button>
        }
      />
      <CardBody>
        {errors.subscriptions && <FieldError messages={errors.subscriptions} />}
        {draft.subscriptions.length === 0 && <p className="text-sm text-slate-500">No subscriptions.</p>}
        <ol className="space-y-2">
          {draft.subscriptions.map((sub, i) => {
            const prefix = `Subscription ${i + 1}`;
            const path = `subscriptions.${i}`;
            const offered = draft.publications.filter(
              (p) => p.node === sub.publisher && sub.publisher !== '',
            );
            return (
              <RowShell
                key={sub.key}
                label="Subscription"
                index={i}
                errorId={fieldId(path)}
                errors={errors[path]}
                onRemove={() => dispatch({ type: 'remove', section: 'subscriptions', index: i })}
              >
                <div className="grid gap-3 sm:grid-cols-[10rem_10rem_minmax(0,1fr)]">
                  <Field
                    id={fieldId(`${path}.node`)}
                    srPrefix={prefix}
                    label="Subscriber node"
                    errors={errors[`${path}.node`]}
                  >
                    {(p) => (
                      <NodeSelect
                        {...p}
                        draft={draft}
                        value={sub.node}
                        onChange={(node) =>
                          dispatch({ type: 'update', section: 'subscriptions', index: i, patch: { node } })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={fieldId(`${path}.publisher`)}
                    srPrefix={prefix}
                    label="Publisher"
                    errors={errors[`${path}.publisher`]}
                  >
                    {(p) => (
                      <NodeSelect
                        {...p}
                        draft={draft}
                        value={sub.publisher}
                        onChange={(publisher) =>
                          dispatch({
                            type: 'update',
                            section: 'subscriptions',
                            index: i,
                            patch: { publisher },
                          })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={fieldId(`${path}.name`)}
                    srPrefix={prefix}
                    label="Subscription name"
                    errors={errors[`${path}.name`]}
                  >
                    {(p) => (
                      <Input
                        {...p}
                        value={sub.name}
                        autoComplete="off"
                        className="font-mono"
                        onChange={(e) =>
                          dispatch({
                            type: 'update',
                            section: 'subscriptions',
                            index: i,
                            patch: { name: e.target.value },
                          })
                        }
                      />
                    )}
                  </Field>
                </div>
                <div className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
                  <CheckGroup
                    id={fieldId(`${path}.publications`)}
                    legend="Publications"
                    srPrefix={`${prefix} publication`}
                    options={offered.map((p) => ({ key: p.key, label: p.name }))}
                    selected={sub.publications}
                    errors={errors[`${path}.publications`]}
                    empty="The publisher has no publication yet."
                    onToggle={(key, on) =>
                      dispatch({
                        type: 'update',
                        section: 'subscriptions',
                        index: i,
                        patch: { publications: toggle(sub.publications, key, on) },
                      })
                    }
                  />
                  <Field
                    id={fieldId(`${path}.origin`)}
                    srPrefix={prefix}
                    label="Origin"
                    errors={errors[`${path}.origin`]}
                  >
                    {(p) => (
                      <Select
                        {...p}
                        value={sub.origin}
                        onChange={(e) =>
                          dispatch({
                            type: 'update',
                            section: 'subscriptions',
                            index: i,
                            patch: { origin: e.target.value as '' | 'any' | 'none' },
                          })
                        }
                      >
                        <option value="">default (any)</option>
                        <option value="any">any</option>
                        <option value="none">none</option>
                      </Select>
                    )}
                  </Field>
                </div>
              </RowShell>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}

function StandbysCard({ draft, errors, dispatch }: StepProps) {
  return (
    <Card>
      <CardHeader
        title="Standbys"
        description="Which node is a read-only physical copy of which (streaming through a replication slot)."
        actions={
          <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'standbys' })}>
            + Add standby
          </Button>
        }
      />
      <CardBody>
        {errors.standbys && <FieldError messages={errors.standbys} />}
        {draft.standbys.length === 0 && <p className="text-sm text-slate-500">No standbys.</p>}
        <ol className="space-y-2">
          {draft.standbys.map((sb, i) => {
            const prefix = `Standby ${i + 1}`;
            const path = `standbys.${i}`;
            const nodeName = draft.nodes.find((n) => n.key === sb.node)?.name ?? 'node';
            return (
              <RowShell
                key={sb.key}
                label="Standby"
                index={i}
                errorId={fieldId(path)}
                errors={errors[path]}
                onRemove={() => dispatch({ type: 'remove', section: 'standbys', index: i })}
              >
                <div className="grid items-end gap-3 sm:grid-cols-[10rem_10rem_minmax(0,1fr)_auto]">
                  <Field
                    id={fieldId(`${path}.node`)}
                    srPrefix={prefix}
                    label="Standby node"
                    errors={errors[`${path}.node`]}
                  >
                    {(p) => (
                      <NodeSelect
                        {...p}
                        draft={draft}
                        value={sb.node}
                        onChange={(node) =>
                          dispatch({ type: 'update', section: 'standbys', index: i, patch: { node } })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={fieldId(`${path}.upstream`)}
                    srPrefix={prefix}
                    label="Upstream"
                    errors={errors[`${path}.upstream`]}
                  >
                    {(p) => (
                      <NodeSelect
                        {...p}
                        draft={draft}
                        value={sb.upstream}
                        onChange={(upstream) =>
                          dispatch({ type: 'update', section: 'standbys', index: i, patch: { upstream } })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={fieldId(`${path}.slot`)}
                    srPrefix={prefix}
                    label="Slot"
                    errors={errors[`${path}.slot`]}
                  >
                    {(p) => (
                      <Input
                        {...p}
                        value={sb.slot}
                        placeholder={`pgcascade_${nodeName}`}
                        autoComplete="off"
                        className="font-mono"
                        onChange={(e) =>
                          dispatch({
                            type: 'update',
                            section: 'standbys',
                            index: i,
                            patch: { slot: e.target.value },
                          })
                        }
                      />
                    )}
                  </Field>
                  <label className="flex h-9 items-center gap-1.5 text-sm text-slate-700">
                    <Checkbox
                      checked={sb.walArchive}
                      onChange={(e) =>
                        dispatch({
                          type: 'update',
                          section: 'standbys',
                          index: i,
                          patch: { walArchive: e.target.checked },
                        })
                      }
                    />
                    <span className="sr-only">{prefix} </span>
                    WAL archive
                  </label>
                </div>
                {errors[`${path}.walArchive`] && <FieldError messages={errors[`${path}.walArchive`] ?? []} />}
              </RowShell>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}

/** Step 2: database, tables, publications, subscriptions and standbys, with the live diagram beside them. */
export function ReplicationStep(props: StepProps) {
  const { draft } = props;
  const graphTopology = useMemo(() => draftToTopology(draft) as unknown as GraphTopology, [draft]);
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="order-2 space-y-6 xl:order-1">
        <TablesCard {...props} />
        <PublicationsCard {...props} />
        <SubscriptionsCard {...props} />
        <StandbysCard {...props} />
      </div>
      <div className="order-1 xl:order-2">
        <Card className="xl:sticky xl:top-4">
          <CardHeader title="Diagram" description="Updates as you edit." />
          <CardBody>
            <TopologyGraph topology={graphTopology} className="h-80" />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
