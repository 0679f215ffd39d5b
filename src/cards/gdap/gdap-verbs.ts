/** Verbs of the partner-side GDAP flow (`gdap new`, `gdap terminate`), shared by card templates and handlers. */
export const GdapVerbs = {
  formReview: 'gdap.new.review',
  formSubmit: 'gdap.new.submit',
  formEdit: 'gdap.new.edit',
  formCancel: 'gdap.new.cancel',
  terminate: 'gdap.terminate',
} as const;
