CREATE TABLE `audit_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`last_id` integer DEFAULT 0 NOT NULL,
	`last_hash` text NOT NULL,
	`sealed_from_id` integer,
	`mac` text
);
--> statement-breakpoint
CREATE TABLE `review_contributions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_item_id` text NOT NULL,
	`user_id` text,
	`what` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`assessment_item_id`) REFERENCES `assessment_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_contributions_item_idx` ON `review_contributions` (`assessment_item_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `mac` text;--> statement-breakpoint
-- The head starts unsealed at the current end of the log; the first entry written under AUDIT_KEY seals it (ADR 013).
INSERT INTO `audit_head` (`id`, `last_id`, `last_hash`)
  SELECT 1, coalesce(max(`id`), 0), coalesce((SELECT `hash` FROM `audit_log` ORDER BY `id` DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000') FROM `audit_log`;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_head_no_delete` BEFORE DELETE ON `audit_head` BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
--> statement-breakpoint
-- Four eyes for existing items: whoever changed a signed field or added evidence since the item's last approval.
INSERT INTO `review_contributions` (`assessment_item_id`, `user_id`, `what`, `at`)
  SELECT h.`assessment_item_id`, h.`actor_id`, h.`field`, h.`at` FROM `item_history` h
  WHERE h.`actor_id` IS NOT NULL
    AND h.`field` IN ('status', 'justification', 'gap response', 'plan or risk acceptance', 'gap closed by', 'applicability')
    AND h.`at` > coalesce((SELECT max(r.`at`) FROM `item_reviews` r WHERE r.`assessment_item_id` = h.`assessment_item_id` AND r.`decision` = 'approved'), 0)
    AND NOT EXISTS (SELECT 1 FROM `item_reviews` r WHERE r.`assessment_item_id` = h.`assessment_item_id` AND r.`decision` = 'changes_requested' AND r.`at` = h.`at` AND r.`reviewer_id` = h.`actor_id`);
--> statement-breakpoint
INSERT INTO `review_contributions` (`assessment_item_id`, `user_id`, `what`, `at`)
  SELECT e.`assessment_item_id`, e.`uploaded_by_id`, 'evidence', e.`created_at` FROM `evidence` e
  WHERE e.`uploaded_by_id` IS NOT NULL
    AND e.`created_at` > coalesce((SELECT max(r.`at`) FROM `item_reviews` r WHERE r.`assessment_item_id` = e.`assessment_item_id` AND r.`decision` = 'approved'), 0);
