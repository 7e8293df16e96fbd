// Starts the GOV.UK Frontend components the portal's pages use, and only those: bundled by
// esbuild (portal/assets.py), which leaves the rest of GOV.UK Frontend out. Every page works
// without this script; it adds "Exit this page" by pressing Shift three times, the service
// navigation's menu on phones, conditional questions, focus on the error summary, and the
// password input's "Show" button.
//
// A component the templates start using (a data-module="govuk-..." attribute) must be added
// here too: tests/test_assets.py fails until it is.
import {
  Button,
  Checkboxes,
  createAll,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink
} from 'govuk-frontend'

for (const Component of [
  Button,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink
]) {
  createAll(Component)
}
