'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ApiError, errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { useClusterCreateMutation } from '@/lib/queries/cluster-create-mutation';
import { usePlanMutation } from '@/lib/queries/plan-mutation';
import type { ApiIssue, Plan } from '@/lib/queries/types';
import { ApplyStep } from './apply-step';
import { BackupsStep } from './backups-step';
import { ErrorSummary } from './error-summary';
import { exampleLoadAction, initialWizardState } from './example';
import { HostsStep } from './hosts-step';
import { ReplicationStep } from './replication-step';
import { ReviewStep } from './review-step';
import { Stepper } from './stepper';
import {
  blocksStep,
  draftToTopology,
  fieldPaths,
  placeErrors,
  APPLY_STEP,
  LAST_EDIT_STEP,
  REVIEW_STEP,
  STEPS,
  wizardReducer,
  type Draft,
  type StepIndex,
} from './wizard.utils';
import { createClusterAction, previewPlanAction } from '@/app/(panel)/clusters/new/actions';

/** The server's verdict on one draft, asked from one step. */
interface Validation {
  draft: Draft;
  step: StepIndex;
  issues: ApiIssue[];
  plan: Plan | null;
}

const blocking = (v: Validation | null, step: StepIndex) =>
  v ? v.issues.filter((i) => blocksStep(step, i.path)) : [];

/** The five-step wizard: hosts, data and replication, backups, review, apply. All client state lives in one reducer. */
export function Wizard({ fromExample }: { fromExample: boolean }) {
  const router = useRouter();
  const [state, dispatch] = useReducer(wizardReducer, fromExample, initialWizardState);
  const { step, furthest, draft } = state;
  const { mutateAsync: compile } = usePlanMutation(previewPlanAction);
  const create = useClusterCreateMutation(createClusterAction);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [isChecking, setIsChecking] = useState(false);
  const latest = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shouldFocus = useRef(false);

  /** Ask the server (POST /api/plans) about a draft; only the newest answer is kept. */
  const validate = useCallback(
    async (d: Draft, from: StepIndex): Promise<Validation | null> => {
      const id = ++latest.current;
      setIsChecking(true);
      let result: Validation;
      try {
        result = { draft: d, step: from, issues: [], plan: await compile(draftToTopology(d)) };
      } catch (err) {
        if (id !== latest.current) return null;
        setIsChecking(false);
        if (err instanceof ApiError && err.status === 422) {
          result = { draft: d, step: from, issues: err.errors, plan: null };
        } else {
          setFailure(errorMessage(err));
          return null;
        }
      }
      if (id !== latest.current) return null;
      setIsChecking(false);
      setFailure(null);
      setValidation(result);
      return result;
    },
    [compile],
  );

  const shown = validation && validation.step === step && step <= LAST_EDIT_STEP ? blocking(validation, step) : [];
  const placed = placeErrors(shown, fieldPaths(step, draft));
  const hasShownErrors = shown.length > 0;

  // While errors are on screen, check again shortly after each edit so they clear as the user fixes them.
  useEffect(() => {
    if (!hasShownErrors || validation?.draft === draft) return;
    const timer = setTimeout(() => void validate(draft, step), 500);
    return () => clearTimeout(timer);
  }, [draft, step, hasShownErrors, validation, validate]);

  useEffect(() => {
    if (!shouldFocus.current) return;
    shouldFocus.current = false;
    headingRef.current?.focus();
  }, [step]);

  const plan = validation?.draft === draft ? validation.plan : null;

  function goto(target: StepIndex, unlock = false) {
    shouldFocus.current = true;
    dispatch({ type: 'goto', step: target, unlock });
    if (target >= REVIEW_STEP && !plan) void validate(draft, LAST_EDIT_STEP);
  }

  async function handleNext(e: FormEvent) {
    e.preventDefault();
    if (step >= REVIEW_STEP) {
      if (step === REVIEW_STEP) goto(APPLY_STEP, true);
      return;
    }
    const result = await validate(draft, step);
    if (result && blocking(result, step).length === 0) goto((step + 1) as StepIndex, true);
  }

  function handleExample() {
    latest.current++;
    setValidation(null);
    setFailure(null);
    create.reset();
    dispatch(exampleLoadAction());
  }

  function handleApply() {
    create.mutate(draftToTopology(draft), { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) });
  }

  const canApply = step === APPLY_STEP && furthest >= APPLY_STEP && plan !== null && !create.isSuccess;
  const topology = draftToTopology(draft);

  return (
    <div>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">New cluster</h1>
          <p className="mt-1 text-sm text-slate-600">
            Describe the nodes and how they replicate; review the plan; apply it.
          </p>
        </div>
        <Button onClick={handleExample}>Start from the four-node example</Button>
      </div>

      <Stepper step={step} furthest={furthest} onGoto={(s) => goto(s)} />

      <form onSubmit={handleNext} noValidate aria-labelledby="wizard-step-title" className="space-y-6">
        <h2
          id="wizard-step-title"
          ref={headingRef}
          tabIndex={-1}
          className="text-lg font-semibold outline-none"
        >
          Step {step + 1} of {STEPS.length}: {STEPS[step].title}
        </h2>

        {failure && (
          <Alert tone="error" title="The panel could not check this step">
            {failure}
          </Alert>
        )}
        <ErrorSummary count={shown.length} unplaced={placed.unplaced} />

        {step === 0 && <HostsStep draft={draft} errors={placed.byField} dispatch={dispatch} />}
        {step === 1 && <ReplicationStep draft={draft} errors={placed.byField} dispatch={dispatch} />}
        {step === 2 && <BackupsStep draft={draft} errors={placed.byField} dispatch={dispatch} />}
        {step === REVIEW_STEP && <ReviewStep plan={plan} topology={topology} />}
        {step === APPLY_STEP && (
          <ApplyStep
            draft={draft}
            plan={plan}
            canApply={canApply}
            isApplying={create.isPending || create.isSuccess}
            issues={create.error ? issuesFrom(create.error) : []}
            onApply={handleApply}
          />
        )}

        <div className="flex items-center justify-between gap-3 border-t border-slate-200 pt-4">
          <Button onClick={() => goto((step - 1) as StepIndex)} disabled={step === 0}>
            Back
          </Button>
          <div className="flex items-center gap-3">
            <span role="status" className="text-sm text-slate-500">
              {isChecking ? 'Checking…' : ''}
            </span>
            {step < APPLY_STEP && (
              <Button type="submit" variant="primary" disabled={isChecking && step <= LAST_EDIT_STEP}>
                Next
              </Button>
            )}
          </div>
        </div>
      </form>
    </div>
  );
}
