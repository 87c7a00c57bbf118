// Seed 002's ItemsFunction in TypeScript: one function behind both routes.
// The AWS (non-proxy) integration's request template passes {} for GET /items and
// {"ID": <path ID>} for GET /items/{ID}; an unknown ID throws, and the API maps the error
// message (it contains "NotFoundError") to a 404 with a selectionPattern.

export interface Item {
  ID: number;
  name: string;
  price: number;
}

export interface ItemsEvent {
  ID?: number | null;
}

// A static list is enough for the seed: a real service would read a table.
const items: Item[] = [
  { ID: 1, name: 'Pen', price: 2.5 },
  { ID: 2, name: 'Pencil', price: 1.5 },
  { ID: 3, name: 'Highlighter', price: 3.0 },
  { ID: 4, name: 'Ruler', price: 5.0 },
];

export async function handler(event: ItemsEvent | null): Promise<Item[] | Item> {
  console.log('Event: %j', event);
  const id = event?.ID;

  // list case (as the seed's `if not ID`)
  if (!id) return items;

  // ID case
  const found = items.find((item) => item.ID === Number(id));
  if (found) return found;

  // nothing was found: the message is what the integration's selectionPattern matches
  throw new Error(`NotFoundError: no item with ID ${id}`);
}
