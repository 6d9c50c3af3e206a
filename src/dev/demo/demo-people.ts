/**
 * The demo's people: 200 deterministic, obviously fictional employees of Acme (the same names,
 * departments and leavers on every run, so "what to try" can name them). Emails are under
 * `acme.test`, a reserved name (RFC 2606 §2) that no real mailbox answers.
 */

export const DEMO_DOMAIN = 'acme.test'
export const DEMO_PEOPLE = 200

export type DemoPerson = {
  readonly index: number
  readonly givenName: string
  readonly familyName: string
  readonly email: string
  readonly department: Department
  readonly title: string
  readonly employeeNumber: string
  /** Deactivated in the identity provider: their accounts should go. */
  readonly leaver: boolean
}

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Hedy',
  'Donald',
  'Katherine',
  'John',
  'Annie',
  'Niklaus',
  'Sophie',
  'Guido',
  'Jean',
  'Bjarne',
  'Karen',
  'Vint',
  'Mary',
  'Whitfield',
  'Lynn',
  'Leslie',
  'Shafi',
  'Butler',
  'Adele',
  'Robin',
  'Evelyn',
  'Marvin',
  'Carol',
  'Ivan',
  'Ruth',
  'Peter',
  'Joan',
  'Fernando',
] as const

const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Lee',
  'Lamarr',
  'Knuth',
  'Johnson',
  'McCarthy',
  'Easley',
  'Wirth',
  'Wilson',
  'Rossum',
  'Bartik',
  'Stroustrup',
  'Jones',
  'Cerf',
  'Keller',
  'Diffie',
  'Conway',
  'Lamport',
  'Goldwasser',
  'Lampson',
  'Goldberg',
  'Milner',
  'Boyd',
  'Minsky',
  'Shaw',
  'Sutherland',
  'Teitelbaum',
  'Naur',
  'Clarke',
  'Corbato',
] as const

export const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Support',
  'Finance',
  'People',
] as const
export type Department = (typeof DEPARTMENTS)[number]

const TITLES: Readonly<Record<Department, string>> = {
  Engineering: 'Software Engineer',
  Sales: 'Account Executive',
  Marketing: 'Campaign Manager',
  Support: 'Support Specialist',
  Finance: 'Financial Analyst',
  People: 'People Partner',
}

/**
 * Person `i`: 40 first names, and 40 family names shifted by 7 for each block of 40, so the 200
 * (first, family) pairs are distinct. Every 25th person is a leaver.
 */
export function demoPerson(index: number): DemoPerson {
  const givenName = FIRST[index % FIRST.length] ?? 'Ada'
  const familyName = LAST[(index + Math.floor(index / FIRST.length) * 7) % LAST.length] ?? 'Lee'
  const department = DEPARTMENTS[(index * 7) % DEPARTMENTS.length] ?? 'Engineering'
  return {
    index,
    givenName,
    familyName,
    email: `${givenName}.${familyName}@${DEMO_DOMAIN}`.toLowerCase(),
    department,
    title: TITLES[department],
    employeeNumber: String(1001 + index),
    leaver: index % 25 === 24,
  }
}

export function demoPeople(count = DEMO_PEOPLE): DemoPerson[] {
  return Array.from({ length: count }, (_, index) => demoPerson(index))
}
