// Notes in the other languages of the secret words (Kennwort, Passwort, mot de passe, contraseña, wachtwoord, senha,
// parola d'ordine): the value is hidden in the forms English has there too (`für RTU-7:`, `geändert auf`, `changé en`,
// `était`, `foi`), and the words prose writes after a secret's name stay (`Passwort zurücksetzen`, `mot de passe
// perdu`, `wachtwoord is verlopen`). Tables of text and what it becomes; rows marked `shown before` or `hidden before`
// failed on the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;
const N = 200_000;

/** Text → what it becomes. */
const HIDDEN_ROWS: [string, string][] = [
  // A passphrase in capitals (free-text-capitals.test.ts), shown before.
  ['Passwort BLAU-HIMMEL', `Passwort ${H}`],
  ['contraseña CIELO-AZUL', `contraseña ${H}`],
  ['wachtwoord BLAUW-LUCHT', `wachtwoord ${H}`],
  ['senha CÉU-AZUL', `senha ${H}`],
  ["parola d'ordine CIELO-BLU", `parola d'ordine ${H}`],
  ['Passwort ÖLFELD-NORD', `Passwort ${H}`],
  // What the secret is for, then `:` or `is`: shown before.
  ['Passwort für RTU-7: Blau-Himmel', `Passwort für RTU-7: ${H}`],
  ['Passwort für RTU-7 ist Blau-Himmel', `Passwort für RTU-7 ist ${H}`],
  ['Passwort von RTU-7 lautet blau-himmel', `Passwort von RTU-7 lautet ${H}`],
  ['mot de passe pour RTU-7 : Bleu-Ciel', `mot de passe pour RTU-7 : ${H}`],
  ['contraseña de RTU-7: Cielo-Azul', `contraseña de RTU-7: ${H}`],
  ['contraseña del RTU es Cielo-Azul', `contraseña del RTU es ${H}`],
  ['wachtwoord voor RTU-7: blauw-lucht', `wachtwoord voor RTU-7: ${H}`],
  ['wachtwoord van RTU-7 is blauw-lucht', `wachtwoord van RTU-7 is ${H}`],
  ['senha do RTU é azul-céu', `senha do RTU é ${H}`],
  ['senha para o RTU: azul-céu', `senha para o RTU: ${H}`],
  ['password per RTU-7: cielo-blu', `password per RTU-7: ${H}`],
  ['la password di RTU-7 è cielo-blu', `la password di RTU-7 è ${H}`],
  // A change, then `to`: the value shown before.
  ['Kennwort geändert auf Blau-Himmel', `Kennwort geändert auf ${H}`],
  ['Kennwort geändert in Blau-Himmel', `Kennwort geändert in ${H}`],
  ['Passwort wurde auf Blau-Himmel gesetzt', `Passwort wurde auf ${H} gesetzt`],
  ['mot de passe changé en Bleu-Ciel', `mot de passe changé en ${H}`],
  ['mot de passe changé pour Bleu-Ciel', `mot de passe changé pour ${H}`],
  ['mot de passe a été changé en Bleu-Ciel', `mot de passe a été changé en ${H}`],
  ['contraseña cambiada a Cielo-Azul', `contraseña cambiada a ${H}`],
  ['wachtwoord gewijzigd naar Blauw-Lucht', `wachtwoord gewijzigd naar ${H}`],
  ['wachtwoord gewijzigd in Blauw-Lucht', `wachtwoord gewijzigd in ${H}`],
  ['senha alterada para Azul-Céu', `senha alterada para ${H}`],
  ['password cambiata in Cielo-Blu', `password cambiata in ${H}`],
  ['la contraseña ha sido cambiada a Cielo-Azul', `la contraseña ha sido cambiada a ${H}`], // `ha` hidden before
  // `was`, and German's `auf` (the verb last): the word before the value was hidden, the value shown.
  ['le mot de passe était Bleu-Ciel', `le mot de passe était ${H}`],
  ['a senha foi Azul-Céu', `a senha foi ${H}`],
  ['het wachtwoord werd Blauw-Lucht', `het wachtwoord werd ${H}`],
  ['das Kennwort lautete Blau-Himmel', `das Kennwort lautete ${H}`],
  ['Passwort auf Blau-Himmel gesetzt', `Passwort auf ${H} gesetzt`],
  // As before.
  ['Passwort: blau-himmel', `Passwort: ${H}`],
  ['Passwort blau-himmel', `Passwort ${H}`],
  ['contraseña cielo-azul', `contraseña ${H}`],
  ['wachtwoord blauw-lucht', `wachtwoord ${H}`],
  ['senha céu-azul', `senha ${H}`],
  ["parola d'ordine cielo-blu", `parola d'ordine ${H}`],
  ['mot de passe : ciel-bleu', `mot de passe : ${H}`],
  ['Passwort lautet blau-himmel', `Passwort lautet ${H}`],
  ['la contraseña es cielo-azul', `la contraseña es ${H}`],
];

/** Prose after a secret's name in the other languages: each hidden before, a word of it or all. */
const STAYS = [
  'Passwort zurücksetzen',
  'Passwort ändern',
  'Passwort erneuern',
  'Passwort-Reset verschickt',
  'Passwort ist veraltet',
  'Passwort ist gültig',
  'Passwort ist zurückgesetzt',
  'Passwort zu kurz',
  'Passwort auf dem Zettel',
  'mot de passe perdu',
  'mot de passe temporaire',
  'mot de passe est faux',
  'le mot de passe est réinitialisé',
  'le mot de passe est oublié',
  'le mot de passe était changé',
  'mot de passe en clair',
  'contraseña temporal',
  'la contraseña es temporal',
  'la contraseña es nueva',
  'la contraseña ha sido cambiada',
  'wachtwoord tijdelijk',
  'wachtwoord is verlopen',
  'het wachtwoord is vergeten',
  'het wachtwoord werd gewijzigd',
  'senha temporária',
  'senha esquecida',
  'senha é temporária',
  'a senha é nova',
  'a senha foi alterada',
  'la password è scaduta',
  'la password è temporanea',
  'la password è stata cambiata',
];

/** Prose that stayed before and stays. */
const STILL_STAYS = [
  'Passwort vergessen',
  'Kennwort abgelaufen',
  'Passwort geändert',
  'Passwort ist geändert',
  'Passwort wurde geändert',
  'Kennwort geändert am Montag',
  'Passwort für RTU-7 geändert',
  'Passwort Self-Service',
  'Kennwort E-Mail',
  'mot de passe oublié',
  'mot de passe a été changé',
  'contraseña olvidada',
  'wachtwoord gewijzigd',
  'senha alterada',
  "parola d'ordine scaduta",
  // `a`, `in` and `en` lead to a value only after a change: alone they are prose, in English too.
  'password a bit long',
  'the password is in KeePass',
  'password changed in KeePass',
];

/** 200 kB after a name: the connectors and what a secret is for are read a few words at a time. */
const LONG: [string, string][] = [
  [`mot de passe changé en ${'Bleu-'.repeat(N / 5)}Ciel`, `mot de passe changé en ${H}`], // shown before
  [`Passwort für ${'x'.repeat(N)}: Blau-Himmel`, `Passwort für ${'x'.repeat(N)}: ${H}`], // shown before
  [`Passwort ${'für '.repeat(N / 4)}x`, `Passwort ${'für '.repeat(N / 4)}x`],
  [`la contraseña ${'ha sido '.repeat(N / 8)}cambiada`, `la contraseña ${'ha sido '.repeat(N / 8)}cambiada`], // hidden before
];

test('free text in other languages: the value after a secret\'s name is hidden, and masking twice changes nothing', () => {
  for (const [text, masked] of HIDDEN_ROWS) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
});

test('free text in other languages: the prose after a secret\'s name stays as written', () => {
  for (const text of [...STAYS, ...STILL_STAYS]) assert.equal(maskFreeText(text), text, text);
});

// A turn of the event loop between rows lets the timeout fail the test on the row that overran it.
test('free text in other languages: 200 kB after a secret\'s name is masked in one pass (each row well under the 30 s timeout)', { timeout: 30_000 }, async () => {
  for (const [text, masked] of LONG) {
    assert.equal(maskFreeText(text), masked, text.slice(0, 40));
    await turn();
  }
});
