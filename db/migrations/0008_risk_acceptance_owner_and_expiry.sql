ALTER TABLE `assessment_items` ADD `risk_accepted_by_id` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `assessment_items` ADD `risk_acceptance_expired_on` text;