CREATE TABLE `report_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`format` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `report_exports_sha_idx` ON `report_exports` (`sha256`);--> statement-breakpoint
CREATE INDEX `report_exports_assessment_idx` ON `report_exports` (`assessment_id`,`created_at`);