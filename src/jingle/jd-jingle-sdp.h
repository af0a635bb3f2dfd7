/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-sdp
 *
 * A JdJingleMessage written as the equivalent SDP (RFC 4566), following
 * the mappings of XEP-0167 §9 (RTP description), XEP-0176 §11 (ICE-UDP),
 * XEP-0177 (raw UDP), XEP-0320 (DTLS fingerprint), XEP-0293 (rtcp-fb),
 * XEP-0294 (rtp-hdrext) and XEP-0339 (ssrc).  For people and logs: the
 * daemon itself never speaks SDP.
 *
 * The SDP is written from the point of view of the sender of the message:
 * a=sendonly means "the party that sent this stanza sends, the other one
 * only receives".  Who sent it is decided by jd_jingle_message_sender().
 *
 * Pure: no I/O.
 */
#pragma once

#include "jd-jingle-message.h"

G_BEGIN_DECLS

/**
 * jd_jingle_message_sender:
 * @msg: a message
 *
 * Which party of the session sent @msg: the initiator for
 * session-initiate, the responder for session-accept (XEP-0166 §7.2
 * allows no one else); otherwise told by comparing the IQ's from with
 * the initiator (or else the responder) attribute; the initiator when
 * the message does not say.
 *
 * Returns: the role of the sender
 */
JdJingleCreator jd_jingle_message_sender (const JdJingleMessage *msg);

/**
 * jd_jingle_message_to_sdp:
 * @msg: a message
 *
 * The session part (v=, o=, s=, t=) and, per content with a description,
 * one media section.  A content without a description (transport-info,
 * content-remove) gives only its a=mid and transport lines, as in an
 * RFC 8840 SDP fragment.  Every line ends with CRLF (RFC 4566 §5).
 *
 * Returns: (transfer full): the SDP text
 */
char *jd_jingle_message_to_sdp (const JdJingleMessage *msg);

/**
 * jd_jingle_message_summary:
 * @msg: a message
 *
 * One line, no newline, for people: the action, sid, initiator and
 * responder, the reason if any, and for session-info its payload, e.g.
 * `session-terminate sid=a73s initiator=romeo@example.net/o reason=busy`.
 *
 * Returns: (transfer full): the line
 */
char *jd_jingle_message_summary (const JdJingleMessage *msg);

G_END_DECLS
