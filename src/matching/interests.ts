import type { PrismaClient } from '../db/index.js';
import type { InterestQuery } from './rank.js';

/** Turns topic labels (catalogue names/slugs or free text) into search queries. */
export async function interestQueries(prisma: PrismaClient, labels: string[]): Promise<InterestQuery[]> {
  const catalogue = await prisma.topic.findMany();
  const byKey = new Map(catalogue.flatMap((topic) => [[topic.slug.toLowerCase(), topic], [topic.name.toLowerCase(), topic]] as const));
  return labels.map((label) => {
    const topic = byKey.get(label.toLowerCase());
    return topic ? { label: topic.name, phrases: topic.phrases } : { label, phrases: [label] };
  });
}
