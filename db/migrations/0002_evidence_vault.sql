ALTER TABLE `evidence` ADD `lineage_id` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `evidence` ADD `replaced_at` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `stored_name` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `mime_type` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `wrapped_key` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `purged_at` integer;--> statement-breakpoint
CREATE INDEX `evidence_lineage_idx` ON `evidence` (`lineage_id`);--> statement-breakpoint
CREATE INDEX `evidence_key_idx` ON `evidence` (`key_id`);