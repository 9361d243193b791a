CREATE TABLE `report_signing_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`public_key_pem` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer
);
--> statement-breakpoint
ALTER TABLE `report_exports` ADD `signature_key_id` text;--> statement-breakpoint
ALTER TABLE `report_exports` ADD `signature` text;