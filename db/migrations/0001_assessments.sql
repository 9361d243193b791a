CREATE TABLE `assessment_items` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`catalog_item_id` text NOT NULL,
	`catalog_fingerprint` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`excluded_by_profile` integer DEFAULT false NOT NULL,
	`justification` text DEFAULT '' NOT NULL,
	`gap_response` text,
	`gap_text` text DEFAULT '' NOT NULL,
	`gap_due_date` text,
	`owner_id` text,
	`due_date` text,
	`notes` text DEFAULT '' NOT NULL,
	`criteria_met` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`removed_from_catalog_at` integer,
	`catalog_note` text,
	`updated_at` integer,
	`updated_by_id` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_items_unique` ON `assessment_items` (`assessment_id`,`catalog_item_id`);--> statement-breakpoint
CREATE INDEX `assessment_items_owner_idx` ON `assessment_items` (`owner_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`app_name` text NOT NULL,
	`app_kind` text NOT NULL,
	`base_url` text NOT NULL,
	`target_launch_date` text NOT NULL,
	`catalog_version` text NOT NULL,
	`profile` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`created_by_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `assessments_team_idx` ON `assessments` (`team_id`,`state`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_item_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`body` text,
	`size_bytes` integer,
	`sha256` text,
	`uploaded_by_id` text,
	`valid_until` text,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`assessment_item_id`) REFERENCES `assessment_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `evidence_item_idx` ON `evidence` (`assessment_item_id`);--> statement-breakpoint
CREATE TABLE `item_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_item_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	FOREIGN KEY (`assessment_item_id`) REFERENCES `assessment_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `item_history_item_idx` ON `item_history` (`assessment_item_id`,`id`);--> statement-breakpoint
CREATE INDEX `item_history_assessment_idx` ON `item_history` (`assessment_id`,`at`);