// Starts GOV.UK Frontend's components. Pages work without it; this adds focus handling,
// character counts and the mobile menu.
import { initAll } from './govuk-frontend.min.js'

initAll()

// On a phone the discovery's sections scroll sideways: bring the current one into view, moving
// only the list (scrollIntoView would scroll the page too).
const current = document.querySelector('.app-sub-navigation__list [aria-current="page"]')
const sections = current && current.closest('.app-sub-navigation__groups')
if (sections && sections.scrollWidth > sections.clientWidth) {
  const offset = current.getBoundingClientRect().left - sections.getBoundingClientRect().left
  sections.scrollLeft += offset - (sections.clientWidth - current.offsetWidth) / 2
}

// GOV.UK Frontend focuses the error summary as the page starts, but when the address ends in a
// fragment (kept from the skip link or a "#…" link through a form post and its redirect) the
// browser then moves to that fragment and, as it is not focusable, drops focus to the page. Put
// it back on the summary, so a keyboard or screen reader user still lands on the errors. (The
// summary is focusable only while focused, as GOV.UK Frontend leaves it.)
const errorSummary = document.querySelector('[data-module="govuk-error-summary"]')
if (errorSummary && window.location.hash) {
  window.addEventListener('load', () => {
    window.requestAnimationFrame(() => {
      if (document.activeElement !== document.body) return
      errorSummary.setAttribute('tabindex', '-1')
      errorSummary.addEventListener('blur', () => errorSummary.removeAttribute('tabindex'), { once: true })
      errorSummary.focus()
    })
  })
}

// On a phone a list's filter panel came before the results and filled the first screen. There,
// fold each filter form that asks for it behind a "Show filters" button (the disclosure pattern:
// aria-expanded on a real button). The findings list does not ask: its form starts with the
// search box, which a phone should show at once. Wider screens, and every screen without
// JavaScript, show the form as it is.
const filterLabels = document.querySelector('script[data-show-filters]')
const phone = window.matchMedia('(max-width: 40.0525em)')
document.querySelectorAll('form.app-filter[data-fold-on-phone]').forEach((form, index) => {
  if (!filterLabels) return
  form.id = form.id || `app-filter-${index + 1}`
  const toggle = document.createElement('button')
  toggle.type = 'button'
  toggle.className = 'govuk-button govuk-button--secondary app-filter-toggle'
  toggle.setAttribute('aria-controls', form.id)
  const open = (shown) => {
    form.hidden = !shown
    toggle.setAttribute('aria-expanded', String(shown))
    toggle.textContent = shown ? filterLabels.dataset.hideFilters : filterLabels.dataset.showFilters
  }
  toggle.addEventListener('click', () => open(form.hidden))
  form.before(toggle)
  const fit = () => {
    toggle.hidden = !phone.matches
    open(!phone.matches)
  }
  phone.addEventListener('change', fit)
  fit()
})
