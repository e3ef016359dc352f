import { Rule } from '../rule';

const MESSAGE = 'become_user requires become to work as expected.';

/**
 * partial-become, as 6.13 reports it (pinned by experiment and the corpus): in a play without
 * `become`, each task or block with `become_user` but no `become`, and the play's own `become_user`
 * when no task of the play sets `become`, is reported, always on the play's line.
 */
export const partialBecomeRule: Rule = {
  id: 'partial-become',
  profile: 'basic',
  check: ({ model }) =>
    model.plays
      .filter((play) => !play.has('become'))
      .flatMap((play) => {
        const own = model.tasks.filter(({ play: owner }) => owner === play);
        const partial = own.filter(({ view }) => view.has('become_user') && !view.has('become')).length;
        // A play-level become_user is complete when some task of the play sets become.
        const playPartial = play.has('become_user') && !own.some(({ view }) => view.has('become')) ? 1 : 0;
        const count = partial + playPartial;
        return Array.from({ length: count }, () => ({ rule: 'partial-become', line: play.line, message: MESSAGE }));
      }),
};
