// DynamoDB's typed attribute values ({"S": "x"}, {"N": "1"}, {"M": {...}}) read as plain values,
// for the views that interpret items (the catalog). Numbers become numbers, sets arrays.
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

export function plainValue(value: AttributeValue | undefined): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
    case 'B':
    case 'BOOL':
      return inner;
    case 'N':
      return Number(inner);
    case 'NULL':
      return null;
    case 'SS':
    case 'BS':
      return [...(inner as unknown[])];
    case 'NS':
      return (inner as string[]).map(Number);
    case 'L':
      return (inner as AttributeValue[]).map(plainValue);
    case 'M':
      return plainItem(inner as Item);
    default:
      return undefined;
  }
}

export function plainItem(item: Item): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, plainValue(value)]));
}
