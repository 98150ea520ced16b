import { sessionName } from '../../../lib/aws/role-sessions';

describe('sessionName', () => {
  it.each([
    ['alice', 'U0ALICE', 'blueshift-alice'],
    ['Alice Smith', 'U0ALICE', 'blueshift-Alice-Smith'],
    ['José Núñez', 'U0JOSE', 'blueshift-Jose-Nunez'],
    ['kim.min-ji@edu', 'U0KIM', 'blueshift-kim.min-ji@edu'],
    ['김민지', 'U0KIM', 'blueshift-U0KIM'],
    ['', 'U0EMPTY', 'blueshift-U0EMPTY'],
    ['a'.repeat(80), 'U0LONG', `blueshift-${'a'.repeat(54)}`],
  ])('turns %j (%s) into %s', (userName, userId, expected) => {
    // Act
    const name = sessionName(userName, userId);
    // Assess
    expect(name).toBe(expected);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
