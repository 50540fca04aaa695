-- AlterTable
ALTER TABLE "detection_rules" ADD COLUMN     "group_by" VARCHAR(64);
