-- AlterEnum
ALTER TYPE "RuleKind" ADD VALUE 'ABSENCE';
