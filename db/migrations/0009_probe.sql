CREATE TABLE `probe_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`started_by_id` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`state` text NOT NULL,
	`total` integer NOT NULL,
	`checks` text DEFAULT '[]' NOT NULL,
	`result` text,
	`result_sha256` text,
	`passed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`error_message` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`started_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `probe_runs_assessment_idx` ON `probe_runs` (`assessment_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `probe_runs_one_running` ON `probe_runs` (`assessment_id`) WHERE state = 'running';--> statement-breakpoint
CREATE TABLE `probe_targets` (
	`assessment_id` text PRIMARY KEY NOT NULL,
	`extra_hosts` text DEFAULT '[]' NOT NULL,
	`http_port` integer,
	`descriptor_mode` text DEFAULT 'auto' NOT NULL,
	`descriptor_url` text,
	`descriptor_text` text,
	`descriptor_name` text,
	`manifest_text` text,
	`manifest_name` text,
	`auth_url` text,
	`auth_header_name` text,
	`auth_secret` text,
	`auth_key_id` text,
	`updated_at` integer NOT NULL,
	`updated_by_id` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `evidence` ADD `probe_run_id` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `probe_outcome` text;