CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"key" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cluster_status" (
	"cluster_id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_points" (
	"cluster_id" text NOT NULL,
	"series" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"cluster_id" text NOT NULL,
	"series" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"avg" double precision NOT NULL,
	"max" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_rollups_cluster_id_series_minute_pk" PRIMARY KEY("cluster_id","series","minute")
);
--> statement-breakpoint
CREATE INDEX "alerts_cluster_open" ON "alerts" USING btree ("cluster_id","cleared_at");--> statement-breakpoint
CREATE INDEX "metric_points_cluster_series_at" ON "metric_points" USING btree ("cluster_id","series","at");--> statement-breakpoint
CREATE INDEX "metric_points_at" ON "metric_points" USING btree ("at");