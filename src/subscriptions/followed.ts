// The topics active readers follow, most followed first: what /admin lists, and what `serve`
// ranks ahead of the first page (web/server.ts) so that their readers' pages answer at once.
import type { PrismaClient } from '../db/index.js';

export interface FollowedTopic {
  label: string;
  /** Some reader follows it as a catalogue topic (by slug), not as their own words. */
  catalogue: boolean;
  subscribers: number;
}

export async function followedTopics(prisma: PrismaClient, limit: number): Promise<FollowedTopic[]> {
  return prisma.$queryRaw<FollowedTopic[]>`
    SELECT i.label, bool_or(i."topicSlug" IS NOT NULL) AS catalogue, count(*)::int AS subscribers
    FROM "Interest" i JOIN "Subscriber" s ON s.id = i."subscriberId"
    WHERE s.status = 'active'
    GROUP BY i.label ORDER BY subscribers DESC, i.label LIMIT ${limit}`;
}
