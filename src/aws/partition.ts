// Partition and DNS suffix by region, so ARNs and endpoint URLs are right outside `aws` too
// (never a hard-coded amazonaws.com).

export interface Partition {
  /** ARN partition: aws, aws-cn, aws-us-gov, ... */
  name: string;
  /** DNS suffix of public endpoints, e.g. amazonaws.com. */
  dnsSuffix: string;
}

const PARTITIONS: { prefix: RegExp; partition: Partition }[] = [
  { prefix: /^cn-/, partition: { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' } },
  { prefix: /^us-gov-/, partition: { name: 'aws-us-gov', dnsSuffix: 'amazonaws.com' } },
  { prefix: /^us-isob-/, partition: { name: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' } },
  { prefix: /^us-isof-|^eu-isof-/, partition: { name: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov' } },
  { prefix: /^us-iso-/, partition: { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov' } },
  { prefix: /^eu-isoe-/, partition: { name: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk' } },
];

export function partitionOf(region: string): Partition {
  return PARTITIONS.find((p) => p.prefix.test(region))?.partition ?? { name: 'aws', dnsSuffix: 'amazonaws.com' };
}

/** A plausible region name (letters-dashes-digit), checked before any call so typos fail early. */
export function isRegionName(region: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region);
}
