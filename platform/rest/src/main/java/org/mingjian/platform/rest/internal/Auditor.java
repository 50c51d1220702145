package org.mingjian.platform.rest.internal;

import java.util.Map;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Records what API callers do in the audit chain; an answer is sent only once it is recorded. */
@Component(service = Auditor.class)
public final class Auditor {
  private final AuditLog log;

  @Activate
  public Auditor(@Reference AuditLog log) {
    this.log = log;
  }

  void record(Caller caller, String action, String target, Map<String, ?> details) {
    record(caller.getName(), caller.user().district(), action, target, details);
  }

  void record(String actor, String district, String action, String target, Map<String, ?> details) {
    log.append(new AuditEvent(actor, district, action, target, Map.copyOf(details)));
  }

  AuditLog log() {
    return log;
  }
}
