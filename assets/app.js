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
