CREATE TABLE "cluster_drift" (
	"cluster_id" text PRIMARY KEY NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"drift" jsonb NOT NULL,
	"error" text
);
