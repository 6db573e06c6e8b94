CREATE TABLE "metric_buckets" (
	"cluster_id" text NOT NULL,
	"series" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"avg" double precision NOT NULL,
	"max" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_buckets_cluster_id_series_bucket_pk" PRIMARY KEY("cluster_id","series","bucket")
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "monitoring" jsonb;--> statement-breakpoint
CREATE INDEX "metric_buckets_cluster_bucket" ON "metric_buckets" USING btree ("cluster_id","bucket");