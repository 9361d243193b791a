CREATE TABLE `alert_audit_entries` (
	`alert_id` text NOT NULL,
	`audit_id` integer NOT NULL,
	PRIMARY KEY(`alert_id`, `audit_id`),
	FOREIGN KEY (`alert_id`) REFERENCES `security_alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `item_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_item_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`reviewer_id` text,
	`decision` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`digest` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`assessment_item_id`) REFERENCES `assessment_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `item_reviews_item_idx` ON `item_reviews` (`assessment_item_id`,`at`);--> statement-breakpoint
CREATE TABLE `launch_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`reason` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `launch_decisions_assessment_idx` ON `launch_decisions` (`assessment_id`,`at`);--> statement-breakpoint
CREATE TABLE `security_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`subject_label` text NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`count` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by_id` text,
	FOREIGN KEY (`acknowledged_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `security_alerts_open_idx` ON `security_alerts` (`acknowledged_at`,`kind`,`subject`);--> statement-breakpoint
ALTER TABLE `assessment_items` ADD `status_set_by_id` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `assessment_items` ADD `review_digest` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `assessment_items` ADD `review_state_at` integer;--> statement-breakpoint
ALTER TABLE `assessment_items` ADD `sign_off_id` text;--> statement-breakpoint
CREATE INDEX `assessment_items_review_idx` ON `assessment_items` (`assessment_id`,`sign_off_id`);--> statement-breakpoint
ALTER TABLE `assessments` ADD `launch_approved_at` integer;--> statement-breakpoint
ALTER TABLE `assessments` ADD `launch_approved_by_id` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
UPDATE `assessment_items` SET `status_set_by_id` = coalesce((SELECT `actor_id` FROM `item_history` h WHERE h.`assessment_item_id` = `assessment_items`.`id` AND h.`field` = 'status' ORDER BY h.`id` DESC LIMIT 1), `updated_by_id`), `review_state_at` = `updated_at`;