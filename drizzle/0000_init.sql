CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"topology" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_logs" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"node" text,
	"step_id" text,
	"stream" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_steps" (
	"job_id" text NOT NULL,
	"idx" integer NOT NULL,
	"step_id" text NOT NULL,
	"node" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" jsonb,
	CONSTRAINT "job_steps_job_id_idx_pk" PRIMARY KEY("job_id","idx")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"plan" jsonb NOT NULL,
	"error" text,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"cluster_id" text NOT NULL,
	"name" text NOT NULL,
	"ciphertext" text NOT NULL,
	CONSTRAINT "secrets_cluster_id_name_pk" PRIMARY KEY("cluster_id","name")
);
--> statement-breakpoint
CREATE INDEX "job_logs_job_seq" ON "job_logs" USING btree ("job_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_one_active_per_cluster" ON "jobs" USING btree ("cluster_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "jobs_status_created" ON "jobs" USING btree ("status","created_at");