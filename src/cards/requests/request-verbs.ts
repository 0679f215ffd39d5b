/** Verbs of the request flow, shared by the card templates' data and the handlers in src/bot. */
export const RequestVerbs = {
  formReview: 'request.form.review',
  formSubmit: 'request.form.submit',
  formEdit: 'request.form.edit',
  formCancel: 'request.form.cancel',
  approve: 'request.approve',
  reject: 'request.reject',
  withdraw: 'request.cancel',
  retry: 'request.retry',
  refresh: 'request.refresh',
} as const;
