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
