// The editions each reader had, as the export and the import of the list need them (subscriptions'
// EditionHistory): the statements are the delivery store's, beside the planner's own.
import { editionOfKey } from '../calendar/index.js';
import type { PrismaClient } from '../db/index.js';
import type { EditionHistory } from '../subscriptions/index.js';
import { lastEditionsHad, recordEditionHad } from './store/index.js';

export function editionHistoryOf(prisma: PrismaClient): EditionHistory {
  return {
    lastHad: (subscriberIds) => lastEditionsHad(prisma, subscriberIds),
    recordHad: async (subscriberId, key, now) => {
      // A key the import's own check let through always parses; anything else records nothing.
      const edition = editionOfKey(key);
      return edition ? recordEditionHad(prisma, subscriberId, edition, now) : false;
    },
  };
}
