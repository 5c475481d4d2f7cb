/** What was last sent of one alert to one recipient. */
export interface AlertState {
  key: string;
  /**
   * The recipient it was sent to, as `recipientKey` (trimmed, lower case). Absent on states stored
   * before delivery was tracked per recipient: such a state stands for every recipient.
   */
  recipient?: string;
  fingerprint: string;
  lastSentAt: string;
  /**
   * When this alert was first sent to the recipient (a reminder says so). Absent on states stored
   * before it was kept: their `lastSentAt` is the earliest date known.
   */
  firstSentAt?: string;
  /**
   * Set once the recipient was told the alert no longer holds (a unit fixed its errors): the
   * state is then history, and the alert coming back is a new one.
   */
  resolvedAt?: string;
}
