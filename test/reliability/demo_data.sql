-- test/reliability/demo_data.sql — demo-like data for the reliability runs
-- (sqlsmith): three tenants with staff, customers, categories, escalation
-- types, templates and 60 tickets each, with assignments, escalations,
-- status changes, chats, messages, recordings and communications.  Made
-- through the API, by a member of supporthub_service and supporthub_platform
-- (psql -f, as that role).
\set ON_ERROR_STOP 1
BEGIN;
DO $data$
DECLARE
	tenant uuid;
	adm uuid;
	agents uuid[];
	customers uuid[];
	cats uuid[];
	types uuid[];
	tk uuid;
	ch uuid;
	n int;
	i int;
BEGIN
	FOR n IN 1..3 LOOP
		tenant := (supporthub.create_tenant(format('Demo tenant %s', n))).id;
		PERFORM supporthub.act_as_tenant(tenant);
		adm := (supporthub.create_user(format('Admin %s', n), format('admin@t%s.test', n), 'admin')).id;
		agents := ARRAY[]::uuid[];
		customers := ARRAY[]::uuid[];
		FOR i IN 1..3 LOOP
			agents := agents || (supporthub.create_user(format('Agent %s-%s', n, i),
								 format('agent%s@t%s.test', i, n), 'agent')).id;
		END LOOP;
		FOR i IN 1..10 LOOP
			customers := customers || (supporthub.create_user(format('Customer %s-%s', n, i),
									   format('customer%s@t%s.test', i, n), 'customer')).id;
		END LOOP;
		cats := ARRAY[(supporthub.create_category('Billing', 'Invoices and refunds')).id,
					  (supporthub.create_category('Outage', NULL)).id,
					  (supporthub.create_category('Ünïcødé', 'naïve café')).id];
		types := ARRAY[(supporthub.create_escalation_type('Manager review')).id,
					   (supporthub.create_escalation_type('Legal')).id];
		PERFORM supporthub.create_template(cats[1], 'Refund', E'Dear customer,\n\nyour refund…', 'email');
		PERFORM supporthub.create_template(cats[2], 'We are on it', 'Investigating', 'push');
		PERFORM supporthub.create_template(cats[3], 'SMS', 'Short', 'sms');
		PERFORM supporthub.update_user(agents[3], active => false);

		PERFORM supporthub.act_as(adm);
		FOR i IN 1..60 LOOP
			tk := (supporthub.create_ticket(format('Ticket %s of tenant %s', i, n),
											repeat('Description. ', i), cats[1 + i % 3],
											(ARRAY['low', 'medium', 'high', 'urgent'])[1 + i % 4]::supporthub.ticket_priority,
											customers[1 + i % 10])).id;
			IF i % 2 = 0 THEN
				PERFORM supporthub.assign_agent(tk, agents[1 + i % 2]);
			END IF;
			IF i % 5 = 0 THEN
				PERFORM supporthub.escalate(tk, types[1 + i % 2], 'too slow');
			END IF;
			IF i % 3 = 0 THEN
				ch := (supporthub.start_chat(tk)).id;
				PERFORM supporthub.post_chat_msg(ch, format('Message %s', i));
				PERFORM supporthub.add_recording(ch, format('https://rec.t%s.test/%s.ogg', n, i));
				PERFORM supporthub.log_communication(tk, 'call', 'Called the customer', ch);
				IF i % 6 = 0 THEN
					PERFORM supporthub.close_chat(ch);
				END IF;
			END IF;
			IF i % 7 = 0 THEN
				PERFORM supporthub.log_communication(tk, 'email', 'Sent an update');
				PERFORM supporthub.set_ticket_status(tk, 'pending');
			END IF;
			IF i % 11 = 0 THEN
				PERFORM supporthub.set_ticket_status(tk, 'resolved');
				PERFORM supporthub.set_ticket_status(tk, 'closed');
			END IF;
		END LOOP;
	END LOOP;
END
$data$;
COMMIT;
