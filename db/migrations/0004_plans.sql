CREATE TABLE `plan_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`template_version` integer NOT NULL,
	`sha256` text NOT NULL,
	`published_at` integer NOT NULL,
	`published_by_id` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_versions_unique` ON `plan_versions` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`template_id` text NOT NULL,
	`template_version` integer NOT NULL,
	`title` text NOT NULL,
	`draft_content` text DEFAULT '{}' NOT NULL,
	`draft_version` integer DEFAULT 1 NOT NULL,
	`next_review_date` text,
	`last_exercised_date` text,
	`created_by_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer,
	`updated_by_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plans_team_idx` ON `plans` (`team_id`);--> statement-breakpoint
ALTER TABLE `evidence` ADD `plan_version_id` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `superseded_at` integer;--> statement-breakpoint
CREATE INDEX `evidence_plan_version_idx` ON `evidence` (`plan_version_id`);